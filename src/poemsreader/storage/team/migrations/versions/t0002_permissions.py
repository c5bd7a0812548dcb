"""Who may change what, enforced by PostgreSQL: members, roles and row-level security.

Revision ID: t0002
Revises: t0001

Every login role that uses team libraries is granted the group role
`poemsreader_team_user` (by the database's administrator). Within a team library a
member is an owner, an editor or a reader: a reader writes nothing; an editor adds
objects and changes the articles and reviewers, but changes or deletes only the
findings they created; an owner changes anything and manages the members.
"""

from alembic import op

revision = "t0002"
down_revision = "t0001"
branch_labels = None
depends_on = None

S = "poemsreader_team"
GROUP = "poemsreader_team_user"

UPGRADE = f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{GROUP}') THEN
    CREATE ROLE {GROUP} NOLOGIN;
  END IF;
END $$;

CREATE TABLE {S}.team_member (
  library_id integer NOT NULL REFERENCES {S}.team_library(id) ON DELETE CASCADE,
  member text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'editor', 'reader')),
  PRIMARY KEY (library_id, member)
);

CREATE FUNCTION {S}.role_in(lib integer, who text) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {S}
  AS $f$ SELECT role FROM {S}.team_member WHERE library_id = lib AND member = who $f$;

-- `who` is the caller's current_user (a definer cannot see it), checked against the login.
CREATE FUNCTION {S}.create_library(library_name text, who text) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {S}
  AS $f$
  DECLARE made integer;
  BEGIN
    IF NOT pg_has_role(session_user, who, 'MEMBER') THEN
      RAISE EXCEPTION 'not your role' USING ERRCODE = '42501';
    END IF;
    INSERT INTO {S}.team_library (name) VALUES (library_name) RETURNING id INTO made;
    INSERT INTO {S}.team_member (library_id, member, role) VALUES (made, who, 'owner');
    RETURN made;
  END $f$;

REVOKE ALL ON ALL TABLES IN SCHEMA {S} FROM PUBLIC;
REVOKE ALL ON FUNCTION {S}.create_library(text, text) FROM PUBLIC;
GRANT USAGE ON SCHEMA {S} TO {GROUP};
GRANT SELECT ON {S}.alembic_version TO {GROUP};
GRANT SELECT, UPDATE (version) ON {S}.team_library TO {GROUP};
GRANT SELECT, INSERT, UPDATE ON {S}.team_object TO {GROUP};
GRANT SELECT, INSERT, UPDATE, DELETE ON {S}.team_member TO {GROUP};
GRANT EXECUTE ON FUNCTION {S}.create_library(text, text) TO {GROUP};
GRANT EXECUTE ON FUNCTION {S}.role_in(integer, text) TO {GROUP};

ALTER TABLE {S}.team_library ENABLE ROW LEVEL SECURITY;
ALTER TABLE {S}.team_object ENABLE ROW LEVEL SECURITY;
ALTER TABLE {S}.team_member ENABLE ROW LEVEL SECURITY;

CREATE POLICY member_reads ON {S}.team_library FOR SELECT
  USING ({S}.role_in(id, current_user) IS NOT NULL);
CREATE POLICY writer_counts ON {S}.team_library FOR UPDATE
  USING ({S}.role_in(id, current_user) IN ('owner', 'editor'));

CREATE POLICY member_reads ON {S}.team_object FOR SELECT
  USING ({S}.role_in(library_id, current_user) IS NOT NULL);
CREATE POLICY writer_adds ON {S}.team_object FOR INSERT
  WITH CHECK ({S}.role_in(library_id, current_user) IN ('owner', 'editor')
              AND db_user = current_user);
CREATE POLICY writer_changes ON {S}.team_object FOR UPDATE
  USING ({S}.role_in(library_id, current_user) = 'owner'
         OR ({S}.role_in(library_id, current_user) = 'editor'
             AND (kind <> 'finding' OR db_user = current_user)))
  WITH CHECK ({S}.role_in(library_id, current_user) IN ('owner', 'editor'));

CREATE POLICY member_reads ON {S}.team_member FOR SELECT
  USING ({S}.role_in(library_id, current_user) IS NOT NULL);
CREATE POLICY owner_manages ON {S}.team_member FOR ALL
  USING ({S}.role_in(library_id, current_user) = 'owner')
  WITH CHECK ({S}.role_in(library_id, current_user) = 'owner');
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(
        f"""
        DROP TABLE {S}.team_member;
        DROP FUNCTION {S}.create_library(text, text);
        DROP FUNCTION {S}.role_in(integer, text) CASCADE;
        ALTER TABLE {S}.team_library DISABLE ROW LEVEL SECURITY;
        ALTER TABLE {S}.team_object DISABLE ROW LEVEL SECURITY;
        """
    )
