import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { Session } from './api/session';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App session={new Session()} />
  </StrictMode>,
);
