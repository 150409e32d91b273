-- Ending a staff member's sessions at once (password reset or change, account
-- disabled): each session carries the generation it was opened in, and a
-- request whose session is of an older generation is refused. The index finds
-- a user's session rows to delete them.

ALTER TABLE staff_users ADD COLUMN session_generation integer NOT NULL DEFAULT 0;

CREATE INDEX staff_sessions_user ON staff_sessions ((sess ->> 'userId'));
