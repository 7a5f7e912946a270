// The life of a screen: app.js calls its module's render() to draw it in the
// content area and dispose() when the person leaves. What a screen loads
// arrives later; a load that a newer one overtook, or that arrives once the
// screen has ended, must not draw over what is there.

/**
 * A screen module's `{ render, dispose }`, made from `open(container, params,
 * life)`, which draws the screen and may return a function that ends what it
 * started (closes its dialogs, stops its timers). One screen of the module is
 * alive at a time: rendering again first ends the one before.
 *
 * `life.next()` starts a load and returns `current()`, true as long as no
 * later load started and the screen has not ended: a load checks it after
 * each `await` before drawing. `life.disposed` is true once the screen ended.
 */
export function screen(open) {
  let active = null;

  function dispose() {
    const ending = active;
    active = null;
    if (!ending) return;
    ending.end();
    ending.close?.();
  }

  return {
    render(container, params = {}) {
      dispose();
      const { life, end } = lifetime();
      const close = open(container, params, life);
      active = { end, close };
    },
    dispose,
  };
}

function lifetime() {
  let seq = 0;
  let disposed = false;
  const life = {
    next() {
      const mine = ++seq;
      return () => mine === seq && !disposed;
    },
    get disposed() {
      return disposed;
    },
  };
  const end = () => {
    disposed = true;
    seq += 1;
  };
  return { life, end };
}
