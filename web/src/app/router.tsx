import { createBrowserRouter } from 'react-router';
import { activityRoutes } from '../activity/activity.routes';
import { locksRoutes } from '../locks/locks.routes';
import { myPinsRoutes } from '../my-pins/my-pins.routes';
import { settingsRoutes } from '../settings/settings.routes';
import { SetupPage } from '../setup/setup.page';
import { SignInPage } from '../sign-in/sign-in.page';
import { usersRoutes } from '../users/users.routes';
import { NotFoundPage } from './not-found.page';
import { AdminOnly, Home, Shell } from './shell';

/** Each feature owns its routes (web/src/<feature>/<feature>.routes.tsx). */
export function createConsoleRouter() {
  return createBrowserRouter([
    { path: '/sign-in', element: <SignInPage /> },
    { path: '/setup', element: <SetupPage /> },
    {
      path: '/',
      element: <Shell />,
      children: [
        { index: true, element: <Home /> },
        ...myPinsRoutes,
        { element: <AdminOnly />, children: [...usersRoutes, ...locksRoutes, ...activityRoutes, ...settingsRoutes] },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
