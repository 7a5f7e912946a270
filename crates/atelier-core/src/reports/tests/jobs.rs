//! Jobs completed in the productivity report: once per mechanic who clocked
//! on the job, once in the total.

use super::*;

#[test]
fn a_job_two_mechanics_clocked_on_counts_for_each_and_once_in_the_total() {
    let mut m = february();
    let sophie = Actor {
        user: Some(UserId::new()),
        name: "Sophie".into(),
        roles: Roles::of(&[Role::Mechanic]),
    };
    let karim = m.karim.clone();
    let who =
        m.db.write(|tx| Ok(customer_with_car(tx, "Petit", "JK-789-LM")))
            .unwrap();
    m.db.write(|tx| {
        let input = OrderInput {
            customer_id: Some(who.0.clone()),
            vehicle_id: Some(who.1.clone()),
            mileage: Some(json!("80 000")),
            ..OrderInput::default()
        };
        let d = desk();
        let o = orders::create(tx, feb(16, 0), &d, &input, FR)?.id;
        orders::add_line(tx, feb(16, 0), o, &labour("3"), FR)?;
        let approval = orders::Approval {
            signer_name: "Client".into(),
            signature_png: atelier_pdf::sample::signature_png(),
            recycled_parts_accepted: None,
            accepted_on: String::new(),
        };
        orders::accept_estimate(tx, feb(16, 0), &d, o, &approval)?;
        orders::change_status(tx, feb(16, 0), &d, o, OrderStatus::InProgress, None)?;
        for mechanic in [&karim, &sophie] {
            orders::start_clock(tx, feb(16, 1), mechanic, o)?;
            orders::clock::pause_clock(tx, feb(16, 2), mechanic, o)?;
        }
        orders::mark_done(tx, feb(16, 6), &karim, o, Some("fini"))?;
        Ok(())
    })
    .unwrap();
    // Sophie is also assigned to A, which she never clocked on.
    let sophie_id = sophie.user.map(|u| u.to_string()).unwrap();
    m.db.conn()
        .execute(
            "UPDATE orders SET mechanic_ids = json_array(?1) WHERE status = 'invoiced'",
            [&sophie_id],
        )
        .unwrap();

    let p = productivity(
        m.db.conn(),
        &m.scope("2026-02-01", "2026-02-28", None),
        feb(28, 0),
    )
    .unwrap();
    let jobs: Vec<(&str, u32)> = p
        .mechanics
        .iter()
        .map(|r| (r.name.as_str(), r.jobs_done))
        .collect();
    assert_eq!(
        jobs,
        [("Karim", 3), ("Sophie", 1)],
        "Karim: A, B and the shared job; Sophie: the shared job only, not A"
    );
    assert_eq!(p.total.jobs_done, 3, "the shared job once");
    let march = productivity(
        m.db.conn(),
        &m.scope("2026-03-01", "2026-03-31", None),
        feb(28, 0),
    )
    .unwrap();
    assert_eq!(march.total.jobs_done, 0, "done in February only");
}

#[test]
fn reading_clocks_order_by_order_or_in_one_pass_gives_the_same_report() {
    let m = february();
    for site in [None, Some(m.south)] {
        for (from, to) in [("2026-02-01", "2026-02-28"), ("2026-02-10", "2026-02-12")] {
            let scope = m.scope(from, to, site);
            for now in [feb(3, 2), feb(28, 0)] {
                let lookups =
                    super::super::productivity::productivity_by(m.db.conn(), &scope, now, 10_000)
                        .unwrap();
                let one_pass =
                    super::super::productivity::productivity_by(m.db.conn(), &scope, now, 0)
                        .unwrap();
                assert_eq!(lookups, one_pass, "{from}–{to}, site {site:?}, now {now}");
            }
        }
    }
}
