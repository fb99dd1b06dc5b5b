import { render } from 'preact';
import { App } from './App';
import { openEarly } from './hooks/useVaultList';

openEarly();

render(<App />, document.getElementById('app') as HTMLElement);
