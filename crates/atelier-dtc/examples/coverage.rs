//! How much of the generic codes the glossary translates fully, and the
//! English words it lacks, most frequent first:
//! `cargo run -p atelier-dtc --example coverage [N]`.

use std::collections::HashMap;

fn main() {
    let show: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let lib = atelier_dtc::library();
    let generic: Vec<_> = lib.entries().filter_map(|e| e.generic.as_ref()).collect();
    let full = generic.iter().filter(|g| g.fully_translated).count();
    let mut missing: HashMap<String, usize> = HashMap::new();
    for g in generic.iter().filter(|g| !g.fully_translated) {
        let t = atelier_dtc::french::untranslated(&g.english);
        for w in t {
            *missing.entry(w).or_default() += 1;
        }
    }
    let mut missing: Vec<_> = missing.into_iter().collect();
    missing.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    #[allow(clippy::print_stdout, reason = "printing is this example's job")]
    {
        println!(
            "{full} of {} generic codes fully translated ({:.1} %)",
            generic.len(),
            100.0 * full as f64 / generic.len() as f64
        );
        for (w, n) in missing.iter().take(show) {
            println!("{n:5} {w}");
        }
    }
}
