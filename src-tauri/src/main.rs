// Keeps a console window from opening next to Atelier on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    atelier_desktop::run();
}
