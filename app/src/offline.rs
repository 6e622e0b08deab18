//! The survey page's side of the offline queue.
//!
//! `public/queue.js` holds the queue itself (IndexedDB, sending, what each server answer means),
//! because the service worker replays the same queue through Background Sync and a service worker
//! is JavaScript. This module is what the page does with it: put a submission in the queue before
//! anything is sent, keep sending while anything waits (now, when the network returns, when the page
//! becomes visible, and on a timer that backs off), and show how many answers wait.

/// What the queue on this device holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueCounts {
    /// Not yet confirmed by the server; sent again and again until it is.
    pub waiting: u32,
    /// Refused by the server (another answer under the same id, a unit gone, invalid): kept for a
    /// person to look at, never sent again by itself.
    pub held: u32,
}

/// One answer the server refused, as shown to staff: when it was given and what the server said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldNote {
    /// Asia/Jakarta, as the admin pages write times.
    pub answered: String,
    pub message: String,
}

/// Seconds before the first retry after a failed pass.
pub const FIRST_RETRY_SECS: u32 = 2;
/// The longest wait between two passes while answers wait.
pub const LONGEST_RETRY_SECS: u32 = 30;

/// The wait before the next pass when the last one left answers waiting: doubling from
/// [`FIRST_RETRY_SECS`] up to [`LONGEST_RETRY_SECS`].
pub fn next_retry(previous_secs: u32) -> u32 {
    previous_secs
        .saturating_mul(2)
        .clamp(FIRST_RETRY_SECS, LONGEST_RETRY_SECS)
}

/// Fills a `{n}` message with a count.
pub fn counted(message: &str, n: u32) -> String {
    message.replace("{n}", &n.to_string())
}

#[cfg(feature = "hydrate")]
pub mod browser {
    use super::{next_retry, HeldNote, QueueCounts};
    use crate::survey::field;
    use leptos::prelude::*;
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = IkmQueue, js_name = add, catch)]
        fn js_add(id: &str, url: &str, body: &str) -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(js_namespace = IkmQueue, js_name = flush, catch)]
        fn js_flush() -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(js_namespace = IkmQueue, js_name = counts, catch)]
        fn js_counts() -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(js_namespace = IkmQueue, js_name = has, catch)]
        fn js_has(id: &str) -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(js_namespace = IkmQueue, js_name = held, catch)]
        fn js_held() -> Result<js_sys::Promise, JsValue>;
    }

    /// Whether the queue script loaded (and so whether answers can wait on this device).
    pub fn available() -> bool {
        js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("IkmQueue")).unwrap_or(false)
            && js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("indexedDB"))
                .unwrap_or(false)
    }

    async fn settle(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
        JsFuture::from(promise?).await
    }

    fn counts_of(value: &JsValue) -> QueueCounts {
        let array = js_sys::Array::from(value);
        let n = |i| array.get(i).as_f64().unwrap_or(0.0).max(0.0) as u32;
        QueueCounts {
            waiting: n(0),
            held: n(1),
        }
    }

    /// Stores one submission durably; resolves once it is on the device.
    pub async fn add(id: &str, url: &str, body: &str) -> Result<(), JsValue> {
        settle(js_add(id, url, body)).await.map(|_| ())
    }

    /// Whether this submission is still on the device (not yet confirmed by the server).
    pub async fn still_queued(id: &str) -> Result<bool, JsValue> {
        Ok(settle(js_has(id)).await?.is_truthy())
    }

    pub async fn counts() -> Result<QueueCounts, JsValue> {
        Ok(counts_of(&settle(js_counts()).await?))
    }

    /// The refused answers with the server's message (the queue stores it with the item).
    pub async fn held_notes() -> Result<Vec<HeldNote>, JsValue> {
        let items = js_sys::Array::from(&settle(js_held()).await?);
        let text = |value: &JsValue, key: &str| {
            js_sys::Reflect::get(value, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_string())
        };
        Ok(items
            .iter()
            .map(|item| {
                let problem = js_sys::Reflect::get(&item, &JsValue::from_str("problem"))
                    .unwrap_or(JsValue::NULL);
                let status = js_sys::Reflect::get(&problem, &JsValue::from_str("status"))
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(0.0);
                HeldNote {
                    answered: crate::time::jakarta_time(
                        &text(&item, "created").unwrap_or_default(),
                    ),
                    message: text(&problem, "message").unwrap_or_else(|| format!("HTTP {status}")),
                }
            })
            .collect())
    }

    /// The form's fields as the queue sends them: a fresh response id (a page kept for offline use
    /// is filled in many times; time-ordered, see `survey::response_id`), the page's own id as
    /// `form` (its render token is signed for it), and when "send" was pressed. Returns the new id
    /// and the URL-encoded body.
    pub fn serialize(form: &web_sys::HtmlFormElement) -> Result<(String, String), JsValue> {
        let data = web_sys::FormData::new_with_form(form)?;
        let page_id = data.get(field::ID).as_string().unwrap_or_default();
        let mut random = [0u8; 10];
        window()
            .crypto()?
            .get_random_values_with_u8_array(&mut random)?;
        let id = crate::survey::response_id(js_sys::Date::now() as u64, &random).to_string();
        data.set_with_str(field::ID, &id)?;
        data.set_with_str(field::FORM, &page_id)?;
        let now: String = js_sys::Date::new_0().to_iso_string().into();
        data.set_with_str(field::ANSWERED_AT, &now)?;
        let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data)?;
        Ok((id, params.to_string().into()))
    }

    /// Sends what waits, one pass at a time, and schedules the next pass while anything waits.
    struct Sender {
        counts: RwSignal<QueueCounts>,
        notes: RwSignal<Vec<HeldNote>>,
        busy: Cell<bool>,
        again: Cell<bool>,
        retry_secs: Cell<u32>,
        timer: Cell<Option<TimeoutHandle>>,
    }

    impl Sender {
        fn pass(self: &Rc<Self>) {
            if let Some(timer) = self.timer.take() {
                timer.clear();
            }
            if self.busy.replace(true) {
                // A pass is running: run once more when it ends (it may have missed a new answer).
                self.again.set(true);
                return;
            }
            let this = Rc::clone(self);
            leptos::task::spawn_local(async move {
                let before = this.counts.get_untracked().waiting;
                let after = match settle(js_flush()).await {
                    Ok(value) => counts_of(&value),
                    Err(_) => counts().await.unwrap_or(QueueCounts {
                        waiting: before,
                        held: 0,
                    }),
                };
                this.counts.set(after);
                let notes = if after.held > 0 {
                    held_notes().await.unwrap_or_default()
                } else {
                    Vec::new()
                };
                this.notes.set(notes);
                this.busy.set(false);
                if this.again.replace(false) {
                    this.pass();
                    return;
                }
                if after.waiting == 0 {
                    this.retry_secs.set(0);
                    return;
                }
                let wait = if after.waiting < before {
                    // Progress: the connection works again; keep going soon.
                    super::FIRST_RETRY_SECS
                } else {
                    next_retry(this.retry_secs.get())
                };
                this.retry_secs.set(wait);
                let next = Rc::clone(&this);
                if let Ok(timer) = set_timeout_with_handle(
                    move || next.pass(),
                    Duration::from_secs(u64::from(wait)),
                ) {
                    this.timer.set(Some(timer));
                }
            });
        }
    }

    thread_local! {
        static SENDER: std::cell::RefCell<Option<Rc<Sender>>> = const { std::cell::RefCell::new(None) };
    }

    /// Starts the page's sender: it replays the queue now, when the browser says the network is
    /// back, when the page becomes visible, and on a timer with back-off while answers wait,
    /// keeping `counts` and the notes on refused answers up to date.
    pub fn keep_sending(counts: RwSignal<QueueCounts>, notes: RwSignal<Vec<HeldNote>>) {
        let sender = Rc::new(Sender {
            counts,
            notes,
            busy: Cell::new(false),
            again: Cell::new(false),
            retry_secs: Cell::new(0),
            timer: Cell::new(None),
        });
        SENDER.with(|s| *s.borrow_mut() = Some(Rc::clone(&sender)));
        sender.pass();
        let online = Rc::clone(&sender);
        let _ = window_event_listener_untyped("online", move |_| online.pass());
        let visible = Rc::clone(&sender);
        let _ = window_event_listener_untyped("visibilitychange", move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                visible.pass();
            }
        });
    }

    /// Starts a pass of the page's sender now (after a new submission).
    pub fn send_now() {
        if let Some(sender) = SENDER.with(|s| s.borrow().clone()) {
            sender.pass();
        }
    }

    /// Sends the queue once and tells whether this submission has reached the server.
    pub async fn delivered(id: &str) -> bool {
        let _ = settle(js_flush()).await;
        matches!(still_queued(id).await, Ok(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_by_doubling_up_to_the_longest_wait() {
        let mut wait = 0;
        let mut seen = Vec::new();
        for _ in 0..8 {
            wait = next_retry(wait);
            seen.push(wait);
        }
        assert_eq!(seen, vec![2, 4, 8, 16, 30, 30, 30, 30]);
    }

    #[test]
    fn messages_take_the_count() {
        assert_eq!(
            counted("{n} jawaban menunggu dikirim", 3),
            "3 jawaban menunggu dikirim"
        );
    }
}
