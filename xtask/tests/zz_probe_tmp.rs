#[test]
fn probe() {
    let p = std::env::var("PROBE").unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    let t = std::time::Instant::now();
    let r = xtask::lower_text(&text, "probe.yaml");
    eprintln!("lower {:?} ok={}", t.elapsed(), r.is_ok());
    if let Err(d) = &r {
        eprintln!(
            "{} diags; first: {:?}",
            d.items().len(),
            d.items().first().map(|d| &d.message)
        );
    }
}
