// The portal's only script: no inline <script> anywhere, so a strict Content Security Policy can forbid them.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js';
import './filters.js'; // filter forms leave their blank fields out of the query string

// NHS.UK frontend styles its enhanced components under these classes; its page template sets them
// with an inline script, which this module replaces (module scripts run only where the frontend is supported).
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');

initAll();

// A long list of checkboxes with a filter box above it (templates/includes/form_field.html): typing hides the
// options whose label does not contain the text; chosen options always stay in view. Without script, the whole list.
for (const box of document.querySelectorAll('input[data-filters]')) {
  const list = document.getElementById(box.dataset.filters);
  if (!list) continue;
  box.addEventListener('input', () => {
    const text = box.value.trim().toLowerCase();
    for (const item of list.querySelectorAll('.nhsuk-checkboxes__item')) {
      const input = item.querySelector('input');
      item.hidden = Boolean(text) && !input.checked && !item.textContent.toLowerCase().includes(text);
    }
  });
}

// A "Copy link" button beside a read-only field (templates/account/calendar.html): shown only where script runs.
for (const button of document.querySelectorAll('button[data-copy]')) {
  const field = document.getElementById(button.dataset.copy);
  if (!field || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    await navigator.clipboard.writeText(field.value);
    button.firstChild.textContent = 'Copied';
  });
}
