-- An invitation's answer (`response_id`) without an index (issue #32's benchmark): response ids
-- are time-ordered by the form's render, so answers given in the same minute landed at random
-- places of that index, a page rewritten per invited answer. The claim checks what the index
-- guarded (an answer already stored uses no second invitation, `storage/responses.rs::claim`);
-- the counts go from the invitations to their answers.
ALTER TABLE invitations DROP CONSTRAINT IF EXISTS invitations_response_id_key;
