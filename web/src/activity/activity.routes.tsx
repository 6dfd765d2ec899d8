import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder.page';

/** Admin: the site's events, live. */
export const activityRoutes: RouteObject[] = [{ path: 'activity', element: <Placeholder title="Activity" /> }];
