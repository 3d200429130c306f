/**
 * How a machine gets its address: /etc/rc runs `ifconfig le0 `hostname`
 * netmask + up`, which needs the shell's command substitution and the
 * resolver's /etc/hosts. A name /etc/hosts does not have leaves le0 down
 * and the machine works on its own.
 */
import { describe, expect, it } from 'vitest';
import { Station } from '../../../emu/lab/station.js';
import { rootImage, runOn } from '../helpers.js';

/** Boot a machine named `hostname` with no cable, type `input`, give it `seconds`. */
function boot(hostname: string, input: string, seconds: number): string {
  let out = '';
  const st = new Station({
    disk: rootImage(),
    hostname,
    consoleSink: (b) => {
      out += String.fromCharCode(b);
    },
  });
  for (let i = 0; i < 500 && !st.waitingForInput(); i++) st.run(200_000);
  st.machine.consoleInput(input);
  for (let i = 0; i < seconds * 100; i++) st.run(200_000);
  return out.replace(/\r\n/g, '\n');
}

describe('the shell', () => {
  it('replaces `command` by its output without the trailing newlines, inside double quotes too', () => {
    const r = runOn(rootImage(), '/bin/sh', [
      'sh',
      '-c',
      'echo "[`hostname`]" `echo a` x; X=`echo hi; echo there`; echo "$X"; echo `false`$?; echo \\`no\\`',
    ]);
    expect(r.output).toBe('[sun0] a x\nhi\nthere\n1\n`no`\n');
  });
});

describe('/etc/rc', () => {
  it('configures le0 with the address /etc/hosts gives the host name', () => {
    const out = boot('sun2', 'ifconfig -a\n', 2);
    expect(out).toContain('hostname: sun2\n');
    expect(out).toMatch(
      /# ifconfig -a\nle0: flags=63<.*>\n\tinet 192\.9\.200\.3 netmask ffffff00 broadcast 192\.9\.200\.255\n/,
    );
    expect(out).toContain('lo0: flags=49<UP,LOOPBACK,RUNNING>\n\tinet 127.0.0.1 netmask ff000000\n');
    // No cable: the LANCE reports it, as SunOS did.
    expect(out).toContain('le0: no carrier: transceiver cable problem?\n');
  });

  it('leaves le0 down on a machine /etc/hosts does not name, and the machine still works', () => {
    const out = boot('sun99', 'ifconfig le0; ping -c 1 sun1; ping -c 1 localhost\n', 15);
    // With no network, the NFS mount of /etc/fstab goes on trying in the background (bg), quietly.
    expect(out).toContain(
      'hostname: sun99\nifconfig: sun99: unknown host\nstarting rpc services: portmap mountd rstatd.\n' +
        'starting nfs services: nfsd biod.\nmount: sun0:/home server not responding: port mapper failure\n' +
        'mount: backgrounding sun0:/home\nclearing /tmp.',
    );
    expect(out.match(/server not responding/g)).toHaveLength(1);
    expect(out).toContain(
      '# ifconfig le0; ping -c 1 sun1; ping -c 1 localhost\nle0: flags=22<BROADCAST,NOTRAILERS>\n\tether 8:0:20:0:0:1\n',
    );
    expect(out).toContain('ping: sendto: Network is unreachable\n');
    expect(out).toContain(
      '--- localhost ping statistics ---\n1 packets transmitted, 1 packets received, 0% packet loss\n',
    );
    expect(out).not.toContain('no carrier');
  });
});
