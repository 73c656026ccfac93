//! Reading and checking a topology document.
