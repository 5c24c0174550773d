// The list of lessons, grouped by the tutorial each comes from (the same list as `descent lesson`).
import { loadWords, translatePage, navigation, showError, api, t, currentLanguage } from '/static/js/descent.js';

await loadWords();
translatePage();
navigation('/lessons');
try {
  const answer = await api('/api/lessons', { lang: currentLanguage() });
  const box = document.getElementById('tutorials');
  for (const group of answer.tutorials) {
    const section = document.createElement('section');
    section.className = 'panel tutorial';
    section.dataset.tutorial = group.tutorial;
    const h2 = document.createElement('h2');
    h2.textContent = group.title;
    const list = document.createElement('ul');
    for (const lesson of group.lessons) {
      const item = document.createElement('li');
      const a = document.createElement('a');
      a.href = `/lessons/${lesson.name}`;
      a.textContent = lesson.name;
      a.className = 'lesson-name';
      const summary = document.createElement('span');
      summary.className = 'muted';
      summary.textContent = lesson.summary;
      item.append(a, summary);
      list.append(item);
    }
    section.append(h2, list);
    box.append(section);
  }
} catch (error) {
  showError(error);
}
