import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';

const ActivityPage = lazy(() => import('./activity.page').then((m) => ({ default: m.ActivityPage })));

/** Admin: the site's events, live. */
export const activityRoutes: RouteObject[] = [
  {
    path: 'activity',
    element: (
      <Suspense fallback={<p className="loading">Loading…</p>}>
        <ActivityPage />
      </Suspense>
    ),
  },
];
