// Which weights matter: the mnist lesson's network trained here, a digit drawn by the reader, and the negative
// gradient of the cost for it as 28×28 maps and a ranked list. State (steps, seed, pixels, digit) in the URL.
import { loadWords, translatePage, navigation, readState, writeState, t } from '/static/js/descent.js';
import { train, matter } from '/static/js/digits.js';

await loadWords();
translatePage();
navigation('/lessons');
let state = readState({ steps: '300', seed: '42', pixels: '', digit: '' });
const form = document.getElementById('controls');
const label = document.createElement('label');
const caption = document.createElement('span');
caption.textContent = t('web.lessons.control.steps');
const input = document.createElement('input');
input.id = 'c-steps';
input.type = 'text';
input.size = 6;
input.value = state.steps;
label.append(caption, input);
const button = document.createElement('button');
button.type = 'submit';
button.textContent = t('web.lessons.apply');
const wrap = document.createElement('label');
wrap.innerHTML = '<span>&nbsp;</span>';
wrap.append(button);
form.append(label, wrap);

function start() {
  const settings = { ...state };
  const pad = matter(document.getElementById('matter'), settings, (next) => {
    state = { ...state, ...next };
    writeState(state);
  });
  train(document.getElementById('training'), settings, () => pad.ask());
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  state = { ...state, steps: input.value.trim() };
  writeState(state);
  start();
});
start();
