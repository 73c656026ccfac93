//! Measures the web app's speed budgets in headless Chromium, for `scripts/perf-report.sh`:
//! the time from navigation to the first rendered section, and the time from a keystroke in the
//! search box to the updated results.
//! It reports numbers; it judges nothing, so timings never make a test flaky.

use std::process::ExitCode;
use std::time::Duration;

use serde_json::{Value, json};
use sp_e2e::{Harness, WAIT, wait_for_app};

/// Records, relative to navigation start, when the first section the route points at appears.
const OBSERVE_FIRST_SECTION: &str = "
new MutationObserver((_, observer) => {
  if (document.querySelector('section.current')) {
    window.__spFirstSection = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, childList: true });";

/// Types each query into the search box and measures until the results change.
const TYPE_AND_TIME: &str = "
const queries = arguments[0];
return (async () => {
  const input = document.getElementById('search');
  const main = document.getElementById('main');
  const times = [];
  for (const query of queries) {
    const time = await new Promise(resolve => {
      let start = 0;
      const observer = new MutationObserver(() => {
        observer.disconnect();
        resolve(performance.now() - start);
      });
      observer.observe(main, { subtree: true, childList: true, characterData: true, attributes: true });
      setTimeout(() => { observer.disconnect(); resolve(null); }, 1000);
      start = performance.now();
      input.value = query;
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    });
    times.push(time);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  return times;
})();";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sp-perf: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let harness = Harness::start()?;
    let browser = harness.browser("perf").map_err(|e| e.to_string())?;
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": OBSERVE_FIRST_SECTION }),
        )
        .map_err(|e| e.to_string())?;

    let mut first_section = Vec::new();
    for run in 0..21 {
        browser.goto("about:blank").map_err(|e| e.to_string())?;
        browser
            .goto(&harness.url("#/kb/e2003-cluster"))
            .map_err(|e| e.to_string())?;
        let value = browser
            .wait_for(
                "the first section",
                "return window.__spFirstSection || null",
                WAIT,
            )
            .map_err(|e| e.to_string())?;
        // The first run fills the browser's caches; it is reported apart.
        if run == 0 {
            println!("first section, cold: {:.1} ms", value.as_f64().unwrap_or(f64::NAN));
        } else {
            first_section.push(value.as_f64().unwrap_or(f64::NAN));
        }
    }
    report("navigation to the first rendered section", &mut first_section);

    browser.goto(&harness.url("#/search")).map_err(|e| e.to_string())?;
    wait_for_app(&browser).map_err(|e| e.to_string())?;
    std::thread::sleep(Duration::from_millis(100));
    let phrases = [
        "c1037b44",
        "event 1025",
        "which node first",
        "front end before back end",
        "passive node",
        "6.5.7638",
        "upgrade virtual server",
        "clusterr",
    ];
    let queries: Vec<Value> = phrases
        .iter()
        .flat_map(|phrase| {
            phrase
                .char_indices()
                .map(|(at, c)| Value::from(phrase.get(..at + c.len_utf8()).unwrap_or(phrase)))
                .collect::<Vec<_>>()
        })
        .collect();
    browser
        .set_script_timeout(Duration::from_secs(120))
        .map_err(|e| e.to_string())?;
    let times = browser
        .execute(TYPE_AND_TIME, &[Value::Array(queries.clone())])
        .map_err(|e| e.to_string())?;
    let mut keystrokes: Vec<f64> = times
        .as_array()
        .map(|times| times.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    let unchanged = queries.len().saturating_sub(keystrokes.len());
    report("keystroke to updated search results", &mut keystrokes);
    if unchanged > 0 {
        println!("  ({unchanged} keystrokes left the results unchanged and are not counted)");
    }
    Ok(())
}

fn report(what: &str, samples: &mut [f64]) {
    samples.sort_by(f64::total_cmp);
    let at = |fraction: f64| {
        let last = samples.len().saturating_sub(1);
        // Rounding a small non-negative index is exact enough for a percentile.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
        let index = ((last as f64) * fraction).round() as usize;
        samples.get(index).copied().unwrap_or(f64::NAN)
    };
    println!(
        "{what}: median {:.1} ms, p90 {:.1} ms, max {:.1} ms over {} samples",
        at(0.5),
        at(0.9),
        at(1.0),
        samples.len()
    );
}
