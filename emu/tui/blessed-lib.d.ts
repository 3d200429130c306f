// The modules of blessed the terminal UI loads one by one (lib/blessed.js loads every widget it has), typed
// with @types/blessed's classes. Each module's export is the class; called without `new`, it makes one too.
declare module 'blessed/lib/widgets/screen.js' {
  import type { Widgets } from 'blessed';

  const Screen: new (options: Widgets.IScreenOptions) => Widgets.Screen;
  export default Screen;
}
declare module 'blessed/lib/widgets/box.js' {
  import type { Widgets } from 'blessed';

  const Box: new (options: Widgets.BoxOptions) => Widgets.BoxElement;
  export default Box;
}
declare module 'blessed/lib/tput.js' {
  const Tput: unknown;
  export default Tput;
}
