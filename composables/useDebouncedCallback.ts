/** `callback` run once calls have paused for `delay` ms; `cancel` drops a pending run (as unmounting does). */
export function useDebouncedCallback<Args extends unknown[]>(callback: (...args: Args) => unknown, delay: number) {
  let timer: ReturnType<typeof setTimeout> | undefined

  function cancel() {
    clearTimeout(timer)
    timer = undefined
  }

  function run(...args: Args) {
    cancel()
    timer = setTimeout(() => {
      timer = undefined
      callback(...args)
    }, delay)
  }

  if (getCurrentScope()) onScopeDispose(cancel)
  return { run, cancel }
}
