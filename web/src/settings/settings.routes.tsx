import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder.page';

/** Admin: PIN policy, guessing risk, credentials. */
export const settingsRoutes: RouteObject[] = [{ path: 'settings', element: <Placeholder title="Settings" /> }];
