import type { RouteObject } from 'react-router';
import { SettingsPage } from './settings.page';

/** Admin: PIN policy, guessing risk, bridges, credentials. */
export const settingsRoutes: RouteObject[] = [{ path: 'settings', element: <SettingsPage /> }];
