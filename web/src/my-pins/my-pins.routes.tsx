import type { RouteObject } from 'react-router';
import { MyPinsPage } from './my-pins.page';

/** Everyone: their own PINs and doors. */
export const myPinsRoutes: RouteObject[] = [{ path: 'my-pins', element: <MyPinsPage /> }];
