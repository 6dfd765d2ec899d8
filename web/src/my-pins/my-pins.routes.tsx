import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder.page';

/** Everyone: their own PINs and doors. */
export const myPinsRoutes: RouteObject[] = [{ path: 'my-pins', element: <Placeholder title="My PINs" /> }];
