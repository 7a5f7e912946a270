//! Prints the French titles of the codes given (or of every generic code):
//! `cargo run -p atelier-dtc --example titles [CODE…]`.

fn main() {
    let lib = atelier_dtc::library();
    let codes: Vec<String> = std::env::args().skip(1).collect();
    #[allow(clippy::print_stdout, reason = "printing is this example's job")]
    for e in lib.entries() {
        let Some(g) = &e.generic else { continue };
        if codes.is_empty() || codes.iter().any(|c| c == e.code.as_str()) {
            let mark = if g.fully_translated { ' ' } else { '~' };
            println!("{}{mark} {} | {}", e.code, g.french, g.english);
        }
    }
}
