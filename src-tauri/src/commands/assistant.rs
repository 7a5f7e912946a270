//! The assistant: a question typed in the window, answered from the station's
//! data within the rights of the person signed in (docs/assistant.md).

use atelier_core::assistant::{self, Answer, Asker, Lexicon};
use atelier_core::planning::time::date;
use atelier_core::validation::{Field, Invalid, Problem};
use tauri::State;

use crate::{AppState, UiError};

/// Answers `question` as asked on `today` at `time`, the window's local day
/// and wall-clock time (`YYYY-MM-DD`, `HH:MM`: at 00:30 in Paris, UTC is
/// still yesterday, and « demain » must mean the person's tomorrow). Reads
/// only: an action comes back prepared, for the person to confirm in its
/// usual dialog.
#[tauri::command]
pub async fn ask(
    state: State<'_, AppState>,
    question: String,
    today: String,
    time: Option<String>,
) -> Result<Answer, UiError> {
    let actor = state.require_actor()?;
    state
        .read_at(move |conn, now_ms, locale| {
            let day = date(&today).ok_or(Invalid::new(Field::Day, Problem::Date))?;
            // Read at each question: a few small queries, where a cache
            // would have to hear of every mechanic, canned job and car added
            // here or by another station's sync.
            let lexicon = Lexicon::of_workshop(conn)?;
            let understood = assistant::understand(&question, &lexicon, day);
            let asker = Asker {
                actor,
                locale,
                today,
                now_ms,
                time,
            };
            assistant::answer(conn, &asker, &understood)
        })
        .await
}
