//! Browser end-to-end tests for the web app.
