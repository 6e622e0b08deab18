-- Consent to be contacted (issue #33, UU 27/2022): a citizen who ticked the consent sentence on the
-- survey and gave a phone/WhatsApp number or an e-mail address. Written in the answer's own
-- transaction, read by that unit's staff alone, deleted 90 days after the comment is closed
-- (`Dashboards::forget_contacts`). Kept apart from the responses: the answers stay anonymous, and
-- deleting a contact leaves the answer and its tallies untouched.
CREATE TABLE contact_consents (
    response_id  TEXT PRIMARY KEY,
    unit_id      INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('phone', 'email')),
    contact      TEXT NOT NULL,      -- '+62…' or an e-mail address (ikm_domain::contact)
    statement    TEXT NOT NULL,      -- the consent sentence as shown, in the form's language
    given_at     TEXT NOT NULL,      -- UTC, RFC 3339
    contacted_at TEXT,
    contacted_by TEXT
);
CREATE INDEX contact_consents_unit ON contact_consents (unit_id);
