# SanitizedWireTest's harness: socketlab-wire alone, its two sides (descriptors 3 and 4) AF_UNIX datagram socketpairs
# this program holds the other ends of (Java cannot hand a child descriptors), fed a script the test wrote.
#
#   python3 wire-harness.py WIRE SCRIPT SETTINGS...
#
# SCRIPT, records one after another:
#   'F' DIR KIND LENGTH(4, big-endian) BYTES   a frame into side DIR (0: the client's, out at side 1; 1: the other way);
#                                              KIND as the wire sees it: 0 refused at read, 1 not IPv4, 2 IPv4
#   'O' ANSWERS LENGTH(4) BYTES                a line on the wire's stdin (a newline added); ANSWERS: how many
#                                              "set ..." lines the wire answers it with
#   'W'                                        wait until the wire holds nothing: every IPv4 frame told, the last line
#                                              of each direction holding 0, every non-IPv4 frame out
# Standard output, a line each:
#   wire LINE          each line of the wire's stdout, in order
#   out DIR INDEX      a frame came out of side 1 - DIR: byte for byte the script's frame INDEX (the first with those
#                      bytes), or "out DIR foreign HEX" when it is none of them
#   stuck WHAT         a wait or an order that got no end in 10 s (the test fails on it)
#   alive | died RC    whether the wire still ran at the end (then it is killed)
# The wire's stderr (the sanitizers' reports) is this program's.
import fcntl, os, select, socket, struct, subprocess, sys, time

WAIT_S = 10

def main():
    wire_path, script_path, settings = sys.argv[1], sys.argv[2], sys.argv[3:]
    pairs = [socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM) for _ in range(2)]
    labs = [lab for lab, _ in pairs]
    # above every descriptor the child is given, so that dup2 onto 3 and 4 takes nothing it needs
    high = [fcntl.fcntl(w.fileno(), fcntl.F_DUPFD, 20) for _, w in pairs]

    def child():
        os.dup2(high[0], 3)
        os.dup2(high[1], 4)

    wire = subprocess.Popen([wire_path] + settings, stdin=subprocess.PIPE, stdout=subprocess.PIPE, preexec_fn=child,
                            pass_fds=(3, 4, high[0], high[1]))
    for _, w in pairs:
        w.close()
    for h in high:
        os.close(h)
    for lab in labs:
        lab.setblocking(False)
    out_fd = wire.stdout.fileno()
    os.set_blocking(out_fd, False)
    state = State()
    script = open(script_path, 'rb').read()
    at = 0
    while at < len(script):
        kind = script[at:at + 1]
        if kind == b'F':
            way, frame_kind, length = script[at + 1], script[at + 2], struct.unpack('>I', script[at + 3:at + 7])[0]
            frame = script[at + 7:at + 7 + length]
            at += 7 + length
            state.sent(way, frame_kind, frame)
            labs[way].setblocking(True)
            labs[way].send(frame)
            labs[way].setblocking(False)
            pump(labs, out_fd, state, 0)
        elif kind == b'O':
            answers, length = script[at + 1], struct.unpack('>I', script[at + 2:at + 6])[0]
            line = script[at + 6:at + 6 + length]
            at += 6 + length
            want = state.answers + answers
            wire.stdin.write(line + b'\n')
            wire.stdin.flush()
            if not until(lambda: state.answers >= want, labs, out_fd, state):
                print('stuck order %r' % line[:60])
        elif kind == b'W':
            at += 1
            if not until(state.settled, labs, out_fd, state):
                print('stuck wait: %s' % state.summary())
        else:
            raise SystemExit('bad script record at %d' % at)
    code = wire.poll()
    print('alive' if code is None else 'died %d' % code)
    if code is None:
        wire.kill()
        wire.wait()
    sys.stdout.flush()


class State:
    def __init__(self):
        self.first_index = [{}, {}]   # per direction: bytes -> the first script frame index with them
        self.count = 0
        self.ip_sent = [0, 0]
        self.other_sent = [0, 0]
        self.other_out = [0, 0]
        self.told = [0, 0]            # the highest N the wire told, per direction
        self.held = [0, 0]            # HELD of the direction's last line
        self.answers = 0
        self.partial = b''

    def sent(self, way, kind, frame):
        self.first_index[way].setdefault(frame, (self.count, kind))
        self.count += 1
        if kind == 2:
            self.ip_sent[way] += 1
        elif kind == 1:
            self.other_sent[way] += 1

    def came_out(self, way, frame):
        found = self.first_index[way].get(frame)
        if found is None:
            print('out %d foreign %s' % (way, frame.hex()))
            return
        print('out %d %d' % (way, found[0]))
        if found[1] == 1:
            self.other_out[way] += 1

    def said(self, line):
        print('wire ' + line)
        words = line.split(' ')
        if words[0] == 'set':
            self.answers += 1
        elif len(words) == 15 and words[1] in ('ab', 'ba'):
            way = 0 if words[1] == 'ab' else 1
            self.told[way] = max(self.told[way], int(words[0]))
            self.held[way] = int(words[14])

    def settled(self):
        return all(self.told[w] == self.ip_sent[w] and self.held[w] == 0 and self.other_out[w] >= self.other_sent[w]
                   for w in range(2))

    def summary(self):
        return 'ipv4 sent %s told %s held %s, others sent %s out %s' % (
            self.ip_sent, self.told, self.held, self.other_sent, self.other_out)


def pump(labs, out_fd, state, timeout):
    """Reads what the two sides and the wire's stdout have, waiting up to timeout seconds for the first of it."""
    ready, _, _ = select.select([labs[0], labs[1], out_fd], [], [], timeout)
    for side in range(2):
        if labs[side] in ready:
            while True:
                try:
                    frame = labs[side].recv(65536)
                except BlockingIOError:
                    break
                state.came_out(1 - side, frame)  # out of side 1 - DIR: a frame of direction DIR
    if out_fd in ready:
        try:
            chunk = os.read(out_fd, 65536)
        except BlockingIOError:
            chunk = b''
        data = state.partial + chunk
        lines = data.split(b'\n')
        state.partial = lines.pop()
        for line in lines:
            state.said(line.decode('utf-8', 'replace'))


def until(done, labs, out_fd, state):
    deadline = time.monotonic() + WAIT_S
    while not done():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        pump(labs, out_fd, state, min(left, 0.05))
    return True


main()
