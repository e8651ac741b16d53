// Filter forms send only what the user chose: a blank field ("Any", an empty search) is left out of the
// query string, so "Apply filters" with one select chosen gives a URL with that one parameter. Applies to every
// <form data-portal-filters>. Without the script the server treats a blank value as "not chosen" all the same.
export function leaveOutBlanks(form) {
  form.addEventListener('formdata', (event) => {
    const chosen = [...event.formData.entries()].filter(([, value]) => typeof value !== 'string' || value.trim() !== '');
    for (const name of new Set([...event.formData.keys()])) event.formData.delete(name);
    for (const [name, value] of chosen) event.formData.append(name, value);
  });
}

document.querySelectorAll('form[data-portal-filters]').forEach(leaveOutBlanks);
