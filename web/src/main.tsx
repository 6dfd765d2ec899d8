import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { Provider } from 'urql';
import { createConsoleClient } from './app/client';
import { createConsoleRouter } from './app/router';
import './app/app.css';

const { client } = createConsoleClient();
const router = createConsoleRouter();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Provider value={client}>
      <RouterProvider router={router} />
    </Provider>
  </StrictMode>,
);
