import type { RouteObject } from 'react-router';
import { UserKeysTab } from './user-keys.tab';
import { UserPage } from './user.page';
import { UserProfileTab } from './user-profile.form';
import { UsersPage } from './users.page';

/** Admin: users, a user's profile and Keys tab. */
export const usersRoutes: RouteObject[] = [
  { path: 'users', element: <UsersPage /> },
  {
    path: 'users/:userId',
    element: <UserPage />,
    children: [
      { index: true, element: <UserProfileTab /> },
      { path: 'keys', element: <UserKeysTab /> },
    ],
  },
];
