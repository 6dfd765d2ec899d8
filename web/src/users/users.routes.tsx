import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder.page';

/** Admin: users, a user's profile and Keys tab. */
export const usersRoutes: RouteObject[] = [{ path: 'users', element: <Placeholder title="Users" /> }];
