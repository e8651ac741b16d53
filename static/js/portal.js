// The portal's only script: no inline <script> anywhere, so a strict Content Security Policy can forbid them.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js';
import './filters.js'; // filter forms leave their blank fields out of the query string

// NHS.UK frontend styles its enhanced components under these classes; its page template sets them
// with an inline script, which this module replaces (module scripts run only where the frontend is supported).
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');

initAll();
