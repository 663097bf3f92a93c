//! End to end: the release bundle in headless Chromium through
//! chromedriver, against the real server and simulator.

mod accessibility;
mod bulk;
mod layout;
mod security;
mod widget;
