import type { RouteObject } from 'react-router';
import { LockPage } from './lock.page';
import { LocksPage } from './locks.page';

/** Admin: locks, who may open each and when, lockout state. */
export const locksRoutes: RouteObject[] = [
  { path: 'locks', element: <LocksPage /> },
  { path: 'locks/:lockId', element: <LockPage /> },
];
