// The benchmark's floor (scripts/bench.mjs): Freshdesk's three fields as a plain React form, with a
// label per control and required-field checks, and nothing else. Built by the bench with esbuild.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

const fields = [
  { name: 'workspace', label: 'Domain', hint: '“acme” in acme.freshdesk.com', autoComplete: 'off' },
  { name: 'username', label: 'Username', autoComplete: 'username' },
  { name: 'password', label: 'Password', type: 'password', autoComplete: 'current-password' },
];

function Form() {
  const [values, setValues] = useState({ workspace: '', username: '', password: '' });
  const [errors, setErrors] = useState({});
  const submit = (event) => {
    event.preventDefault();
    setErrors(Object.fromEntries(fields.filter((f) => !values[f.name].trim()).map((f) => [f.name, `Enter the ${f.label.toLowerCase()}.`])));
  };
  return (
    <form noValidate onSubmit={submit}>
      <h1>Connect Freshdesk</h1>
      {fields.map(({ name, label, hint, type = 'text', autoComplete }) => (
        <p key={name}>
          <label htmlFor={name}>{label}</label>
          <input id={name} type={type} autoComplete={autoComplete} value={values[name]} aria-invalid={errors[name] ? 'true' : undefined}
            aria-describedby={`${name}-note`} onChange={(e) => setValues({ ...values, [name]: e.target.value })} />
          <small id={`${name}-note`}>{errors[name] ?? hint}</small>
        </p>
      ))}
      <button type="submit">Connect</button>
    </form>
  );
}

createRoot(document.getElementById('root')).render(<Form />);
