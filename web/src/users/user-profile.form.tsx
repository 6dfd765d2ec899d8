import { useId, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage } from '../app/error.message';
import { useMe } from '../app/session.context';
import type { Role } from '../gql/graphql';
import { DeleteUserMutation, UpdateUserMutation, UserQuery } from './users.operations';

type Profile = { id: string; name: string; email?: string | null; role: Role; slackUserId?: string | null };

function ProfileForm({ user }: { user: Profile }) {
  const me = useMe();
  const id = useId();
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email ?? '');
  const [role, setRole] = useState<Role>(user.role);
  const [slack, setSlack] = useState(user.slackUserId ?? '');
  const [saved, setSaved] = useState(false);
  const [{ fetching, error }, update] = useMutation(UpdateUserMutation);
  const self = me.id === user.id;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const res = await update({ id: user.id, input: { name, email, slackUserId: slack, ...(self ? {} : { role }) } });
    if (res.data) setSaved(true);
  };
  return (
    <form onSubmit={submit} aria-describedby={`${id}-err`}>
      <div>
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </div>
      <div>
        <label htmlFor={`${id}-email`}>Email</label>
        <input id={`${id}-email`} type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={320} />
      </div>
      <div>
        <label htmlFor={`${id}-role`}>Role</label>
        <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)} disabled={self} aria-describedby={self ? `${id}-self` : undefined}>
          <option value="USER">User</option>
          <option value="ADMIN">Admin</option>
        </select>
        {self && (
          <p id={`${id}-self`} className="muted">
            You cannot change your own role.
          </p>
        )}
      </div>
      <div>
        <label htmlFor={`${id}-slack`}>Slack member ID</label>
        <input id={`${id}-slack`} value={slack} onChange={(e) => setSlack(e.target.value)} placeholder="U0123ABCD" maxLength={64} />
      </div>
      <p>
        <button type="submit" disabled={fetching}>
          Save profile
        </button>
      </p>
      <ErrorMessage error={error} id={`${id}-err`} />
      {saved && !error && <p role="status">Saved.</p>}
    </form>
  );
}

function DeleteUser({ user }: { user: Profile }) {
  const me = useMe();
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const [{ fetching, error }, remove] = useMutation(DeleteUserMutation);
  if (me.id === user.id) return null;
  const confirm = async () => {
    const res = await remove({ userId: user.id }, { additionalTypenames: ['User'] });
    if (res.data?.deleteUser) navigate('/users', { replace: true });
  };
  return (
    <section aria-labelledby="delete-user-h">
      <h2 id="delete-user-h">Delete user</h2>
      {!asking ? (
        <button type="button" className="danger" onClick={() => setAsking(true)}>
          Delete {user.name}…
        </button>
      ) : (
        <div className="confirm" role="group" aria-labelledby="delete-user-q">
          <p id="delete-user-q">
            Delete {user.name}? Their PINs are retired (the doors refuse them at once), their permissions are removed and their sessions are
            ended. This cannot be undone.
          </p>
          <div className="actions">
            <button type="button" className="danger" onClick={confirm} disabled={fetching}>
              Delete {user.name}
            </button>
            <button type="button" className="secondary" onClick={() => setAsking(false)} disabled={fetching}>
              Cancel
            </button>
          </div>
          <ErrorMessage error={error} />
        </div>
      )}
    </section>
  );
}

/** The Profile tab: edit name, email, role and Slack ID; delete the user. */
export function UserProfileTab() {
  const { userId = '' } = useParams();
  const [{ data }] = useQuery({ query: UserQuery, variables: { id: userId } });
  const user = data?.user;
  if (!user) return null;
  return (
    <>
      <h2>Profile</h2>
      <ProfileForm key={user.id} user={user} />
      <DeleteUser user={user} />
    </>
  );
}
