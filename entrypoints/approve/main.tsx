import { render } from 'preact';
import { ApprovePage } from './ApprovePage';

// The background opens this page in a window of its own for one request: ?id=<request id>.
const id = new URLSearchParams(location.search).get('id') ?? '';
render(<ApprovePage id={id} />, document.getElementById('app') as HTMLElement);
