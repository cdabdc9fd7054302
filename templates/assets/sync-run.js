// The sync run page while the run goes on: polls GET /api/erp/sync-runs/:id once a second and
// redraws the status and each dataset's row (as src/portal/sync-pages.routes.ts draws them);
// once the run has finished, the page is loaded again for its final counts and quarantine links.
(() => {
  const card = document.getElementById('sync-run');
  if (!card || card.dataset.running !== 'true') return;
  const runId = card.dataset.runId;
  const finished = ['succeeded', 'partial', 'failed', 'refused'];

  const setBadge = (el, status) => {
    el.className = `badge badge-${status.replace(' ', '_')}`;
    el.textContent = status;
  };

  const draw = (run) => {
    setBadge(document.getElementById('run-status'), run.status);
    for (const row of document.querySelectorAll('#run-datasets tbody tr')) {
      const name = row.dataset.dataset;
      const done = run.datasets.find((d) => d.name === name);
      const reading = run.progress && run.progress.dataset === name;
      const cells = row.querySelectorAll('td');
      const status = done ? done.status : reading ? 'reading' : 'waiting';
      setBadge(cells[1].querySelector('.badge'), status);
      cells[2].textContent = String(done ? done.read : reading ? run.progress.rows : 0);
      if (done) {
        const counts = [done.inserted, done.updated, done.unchanged, done.closed, done.quarantined];
        counts.forEach((n, i) => {
          cells[3 + i].textContent = String(n);
        });
        cells[8].textContent = done.warnings.join('; ');
      }
    }
  };

  const poll = async () => {
    try {
      const res = await fetch(`/api/erp/sync-runs/${runId}`, { headers: { accept: 'application/json' } });
      if (res.ok) {
        const run = await res.json();
        draw(run);
        if (finished.includes(run.status)) {
          window.location.reload();
          return;
        }
      }
    } catch {
      // A missed poll (the server restarting) is retried on the next tick.
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
})();
