//! `candor explain`: the long explanation of a code, or the list of codes.

use crate::diagnostic::Code;
use crate::suggest;

/// The text `candor explain` prints: for a code, its explanation as the registry composes it
/// (the title, summary and default severity from the registry row, then the sections of the
/// code's explanation file); without one, every code with its severity and summary.
pub fn explain(code: Option<&str>) -> Result<String, String> {
    let Some(name) = code else {
        let mut out =
            String::from("candor's diagnostic codes (`candor explain CODE` for more):\n\n");
        for code in Code::ALL {
            out.push_str(&format!(
                "  {:<24}{:<9}{}\n",
                code.name(),
                code.default_severity().name(),
                code.summary()
            ));
        }
        return Ok(out);
    };
    match Code::from_name(name) {
        Some(code) => Ok(code.explanation()),
        None => {
            let hint = suggest::did_you_mean(name, Code::ALL.iter().map(|c| c.name()))
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            Err(format!(
                "`{name}` is not a candor code{hint} (`candor explain` lists them)"
            ))
        }
    }
}
