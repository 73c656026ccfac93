//! Build tasks that finish Trunk's output.
//!
//! [`site`] turns the build into the served site (loader script, content security policy,
//! manifest, service worker); the binary (`src/main.rs`) also writes the single-file page.
//! Both read and edit Trunk's `index.html` through [`html`], which parses it with `lol_html`;
//! [`minify`] minifies the JavaScript that [`site`] serves.
//! The browser tests call [`site::finish`] to make a second version of a build.

pub mod html;
pub mod imports;
pub mod minify;
pub mod site;
