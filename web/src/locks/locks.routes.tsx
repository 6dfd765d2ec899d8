import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder.page';

/** Admin: locks, who may open each and when, lockout state. */
export const locksRoutes: RouteObject[] = [{ path: 'locks', element: <Placeholder title="Locks" /> }];
