"""The shell over the serial console: boot without run=, init starts
/bin/sh on /dev/console, and this test types commands and checks what
they print: every command of issue 5, pipes and redirections, variables,
quoting, scripts, bad input (an unknown command, a file that is not ELF,
a truncated ELF, a 4 KiB command line, a 5,000-character path), globbing,
positional parameters, control flow (if, while, until, for, break,
continue, test, constructs over several lines, a loop stopped by Ctrl-C)
and Ctrl-C of `sleep 100`.  Skipped while the image has no shell or init (they need
libc's POSIX layer, pm, vfs and the file systems)."""

import re

import pytest

from conftest import BUILD

PROMPT = r"^(/[^\n]*) # "


def _needs_shell():
    root = BUILD / "root" / "bin"
    if not (root / "sh").exists() or not (root / "init").exists():
        pytest.skip("no /bin/sh or /bin/init in the boot image yet")


class Shell:
    """A guest at its shell prompt: run() types a command line and returns
    what it printed before the next prompt."""

    def __init__(self, g):
        self.g = g
        self.cwd = g.expect(PROMPT, timeout=60, what="the shell's prompt").group(1)

    def run(self, line, timeout=30):
        self.g.sendline(line)
        # The tty echoes the line as typed; the output follows it.
        self.g.expect(re.escape(line) + r"$", timeout=timeout, what=f"the echo of {line[:40]!r}")
        m = self.g.expect(r"(?s)\n(.*?)" + PROMPT, timeout=timeout,
                          what=f"the prompt after {line[:40]!r}")
        self.cwd = m.group(2)
        return m.group(1)

    def status(self, line):
        out = self.run(line + "; echo status=$?")
        m = re.search(r"status=(\d+)\n?$", out)
        assert m, f"no status in {out!r}"
        return out[:m.start()], int(m.group(1))


@pytest.fixture
def sh(guest):
    _needs_shell()
    g = guest()
    g.expect(r"^xinim: system ready", what="'xinim: system ready'")
    return Shell(g)


def test_prompt_echo_quoting_variables(sh):
    assert sh.cwd == "/"
    assert sh.run("echo hello world") == "hello world\n"
    assert sh.run("echo 'a  | b' \"c;d\" e\\ f # a comment") == "a  | b c;d e f\n"
    assert sh.run("X=42; echo \"x=$X\" 'y=$X' ${X}z") == "x=42 y=$X 42z\n"
    assert sh.run("export GREETING=hi; env | grep GREETING") == "GREETING=hi\n"
    assert sh.run("GREETING=bye env | grep GREETING") == "GREETING=bye\n"
    assert "command not found" in sh.run("PATH=/nowhere; echo lost")
    assert sh.run("PATH=/bin; echo found") == "found\n"
    assert sh.status("false")[1] == 1
    assert sh.status("true")[1] == 0
    assert sh.run("true && echo yes || echo no") == "yes\n"
    assert sh.run("false && echo yes || echo no") == "no\n"
    assert sh.run("echo a; echo b") == "a\nb\n"
    assert "Builtins" in sh.run("help")
    assert sh.run("help | grep -c Builtins") == "1\n"
    sh.run("cd /tmp")
    assert sh.cwd == "/tmp"
    sh.run("cd")
    assert sh.cwd == "/"


def test_files_pipes_redirections(sh):
    sh.run("mkdir -p /tmp/a/b/c")
    assert sh.run("ls /tmp/a") == "b\n"
    sh.run("echo one > /tmp/f; echo two >> /tmp/f")
    assert sh.run("cat /tmp/f") == "one\ntwo\n"
    assert sh.run("cat < /tmp/f | wc -l").strip() == "2"
    assert sh.run("wc /tmp/f").split() == ["2", "2", "8", "/tmp/f"]
    assert sh.run("head -n 1 /tmp/f") == "one\n"
    assert sh.run("tail -n 1 /tmp/f") == "two\n"
    assert sh.run("grep -n two /tmp/f") == "2:two\n"
    assert sh.run("grep -c o /tmp/f") == "2\n"
    assert sh.run("grep -v one /tmp/f") == "two\n"
    assert sh.run("grep -i ONE /tmp/f") == "one\n"
    assert sh.run("grep '^t.o$' /tmp/f") == "two\n"
    assert sh.run("cat /tmp/f | grep w | wc -c").strip() == "4"
    sh.run("cp /tmp/f /tmp/g; mv /tmp/g /tmp/h")
    assert sh.run("cat /tmp/h") == "one\ntwo\n"
    sh.run("ln -s /tmp/h /tmp/s; ln /tmp/h /tmp/hl; touch /tmp/t")
    assert "-> /tmp/h" in sh.run("ls -l /tmp/s")
    assert "Links: 2" in sh.run("stat /tmp/h")
    assert sh.run("ls -a /tmp").split() == [".", "..", "a", "f", "h", "hl", "s", "t"]
    dump = sh.run("hexdump -C /tmp/f")
    assert "6f 6e 65 0a 74 77 6f 0a" in dump and "|one.two.|" in dump
    sh.run("rm /tmp/t; rmdir /tmp/a/b/c; rm -r /tmp/a")
    assert sh.run("ls /tmp").split() == ["f", "h", "hl", "s"]
    assert sh.status("rm -f /tmp/nothing") == ("", 0)
    out, st = sh.status("rm /tmp/nothing")
    assert "rm: /tmp/nothing:" in out and st == 1
    sh.run("ls /nonexistent 2> /tmp/err")
    assert "/nonexistent" in sh.run("cat /tmp/err")
    assert sh.run("ls /nonexistent 2>&1 | wc -l").strip() == "1"
    assert sh.status("rmdir /tmp/f")[1] == 1


def test_system_commands(sh):
    mounts = sh.run("mount")
    assert " on / type initfs" in mounts and " on /tmp type tmpfs" in mounts
    assert "tmpfs" in sh.run("df")
    assert sh.status("mkdir /tmp/m; mount -t tmpfs -o size=64K none /tmp/m") == ("", 0)
    assert re.search(r"^none\s+tmpfs\s+64\s+64 .* /tmp/m$", sh.run("df"), re.M)
    assert sh.status("umount /tmp/m") == ("", 0)
    out, st = sh.status("umount /tmp/m")
    assert "umount: /tmp/m:" in out and st == 1
    ps = sh.run("ps")
    assert all(re.search(r" %s$" % name, ps, re.M) for name in ("init", "sh", "ps")), ps
    assert sh.run("uptime").startswith("up ")
    log = sh.run("dmesg")
    assert log.startswith("XINIM ") and "rs: started tty" in log
    assert re.search(r"^tty\s+RUNNING", sh.run("service list"), re.M)
    assert sh.status("sleep 1") == ("", 0)
    old = sh.run("echo $$").strip()
    sh.g.sendline("kill $$")
    sh.g.expect(PROMPT, timeout=30, what="a new shell after kill $$")
    assert sh.run("echo $$").strip() != old
    out, st = sh.status("kill -9 99999")
    assert "kill: 99999:" in out and st == 1


def test_console_driver_crash(sh):
    """The tty crashed under the shell: rs restarts it and the shell goes on
    reading and writing the console."""
    sh.g.sendline("service fault tty crash")
    sh.g.expect(r"^rs: tty restarted in \d+ ms$", timeout=30, what="the tty's restart")
    sh.g.expect(PROMPT, timeout=30, what="the prompt after the crash")
    assert sh.run("echo back") == "back\n"
    assert re.search(r"^tty\s+RUNNING\s+\d+\s+1\s+crash", sh.run("service list"), re.M)


def test_console_crash_under_a_reader(sh):
    """cat waits for a line from the console while the tty is crashed: vfs
    learns of the new tty from its notification and fails the read that
    was parked in the dead one (EIO), so cat ends and the prompt comes
    back without anyone typing."""
    sh.g.sendline("cat | service fault tty crash")
    sh.g.expect(r"^rs: tty restarted in \d+ ms$", timeout=30, what="the tty's restart")
    sh.g.expect(PROMPT, timeout=30, what="the prompt after the crash under cat")
    assert sh.run("echo back") == "back\n"


def test_tmpfs_crash(sh):
    """tmpfs crashed under the shell: rs restarts it, vfs mounts it again on
    /tmp and says its files are gone; the shell goes on, /tmp works."""
    assert sh.status("echo data > /tmp/kept; cat /tmp/kept") == ("data\n", 0)
    sh.g.sendline("service fault tmpfs crash")
    sh.g.expect(r"^rs: tmpfs restarted in \d+ ms$", timeout=30, what="tmpfs's restart")
    sh.g.expect(PROMPT, timeout=30, what="the prompt after the crash")
    out, st = sh.status("cat /tmp/kept")
    assert st == 1 and "no such file" in out, out
    assert "vfs: tmpfs on /tmp restarted: its files are gone" in sh.g.text
    assert sh.status("echo new > /tmp/n; cat /tmp/n") == ("new\n", 0)


def test_usage_errors(sh):
    for line in ("ls -z", "cat -z", "mkdir", "rm -q x", "head -n x", "grep", "kill -FOO 1",
                 "sleep", "hexdump -x", "ln a", "mv a", "cp a", "wc -q", "stat", "touch",
                 "umount", "mount -q", "chmod 9 x"):
        out, st = sh.status(line)
        assert "usage:" in out and st == 2, f"{line}: {out!r} {st}"


def test_bad_input(sh):
    out, st = sh.status("nosuchcmd")
    assert "sh: nosuchcmd: command not found" in out and st == 127
    sh.run("echo text > /tmp/notelf; chmod 755 /tmp/notelf")
    out, st = sh.status("/tmp/notelf")
    assert "/tmp/notelf" in out and st == 126
    sh.run("head -n 1 /bin/true > /tmp/trunc; chmod 755 /tmp/trunc")
    out, st = sh.status("/tmp/trunc")
    assert "/tmp/trunc" in out and st == 126
    assert "line too long" in sh.run("echo " + "x" * 4100)
    assert sh.run("echo still here") == "still here\n"
    sh.run("P=" + "p" * 1000)
    out = sh.run("ls /$P$P$P$P$P")
    assert "ls: /ppp" in out and "too long" in out
    assert "unterminated quote" in sh.run("echo 'abc")
    assert "syntax error" in sh.run("| ls")
    assert sh.run("echo fine") == "fine\n"


def test_scripts(sh):
    assert sh.status("sh -c 'echo inner; exit 3'") == ("inner\n", 3)
    sh.run("echo 'echo from script' > /tmp/s.sh; echo 'X=1; echo x=$X' >> /tmp/s.sh")
    assert sh.run("sh /tmp/s.sh") == "from script\nx=1\n"


def test_globbing(sh):
    """Pathname expansion: sorted matches, several components, hidden
    names only by a plain dot, quoted or escaped patterns and patterns
    that match nothing stay as typed, a glob past the word limit is an
    error and runs nothing."""
    sh.run("mkdir -p /tmp/g/d1 /tmp/g/d2; touch /tmp/g/b1 /tmp/g/a2 /tmp/g/a1 /tmp/g/.h")
    sh.run("touch /tmp/g/d1/x1 /tmp/g/d2/x2 /tmp/g/d2/y")
    assert sh.run("echo /tmp/g/a*") == "/tmp/g/a1 /tmp/g/a2\n"
    assert sh.run("echo /tmp/g/*") == "/tmp/g/a1 /tmp/g/a2 /tmp/g/b1 /tmp/g/d1 /tmp/g/d2\n"
    assert sh.run("echo /tmp/g/?1 /tmp/g/[ab]2 /tmp/g/[!a]1") == \
        "/tmp/g/a1 /tmp/g/b1 /tmp/g/d1 /tmp/g/a2 /tmp/g/b1 /tmp/g/d1\n"
    assert sh.run("echo /tmp/g/[a-b]1") == "/tmp/g/a1 /tmp/g/b1\n"
    assert sh.run("echo /tmp/*/d*/x*") == "/tmp/g/d1/x1 /tmp/g/d2/x2\n"
    assert sh.run("echo /tmp/g/.*") == "/tmp/g/.h\n"
    assert sh.run("echo '/tmp/g/*' \"/tmp/g/a?\" /tmp/g/\\*") == "/tmp/g/* /tmp/g/a? /tmp/g/*\n"
    assert sh.run("echo /tmp/g/z*") == "/tmp/g/z*\n"
    assert sh.run("cd /tmp/g/d2; echo *; cd /") == "x2 y\n"
    assert sh.run("P='/tmp/g/b*'; echo $P \"$P\"") == "/tmp/g/b1 /tmp/g/b*\n"
    sh.run("rm /tmp/g/a*")
    assert sh.run("ls /tmp/g") == "b1\nd1\nd2\n"
    sh.run("mkdir /tmp/many; cd /tmp/many")
    for n in range(0, 140, 20):
        sh.run("touch " + " ".join(f"f{k:03d}" for k in range(n, n + 20)))
    out, st = sh.status("echo f*")
    assert "too many words" in out and st == 1, out
    assert sh.run("echo f13*") == " ".join(f"f{k}" for k in range(130, 140)) + "\n"
    sh.run("cd /; rm -r /tmp/many /tmp/g")


def test_positional_parameters(sh):
    sh.run("echo 'echo $0 n=$# 1=$1 2=$2 all=$*; shift; echo after=$1 n=$#' > /tmp/p.sh")
    assert sh.run("sh /tmp/p.sh a 'b c' d") == "/tmp/p.sh n=3 1=a 2=b c all=a b c d\n" \
        "after=b c n=2\n"
    assert sh.run("sh -c 'echo $0 $# $2' name x y") == "name 2 y\n"
    assert sh.run("sh -c 'echo $0 $#'") == "sh 0\n"
    # "$@" keeps each argument one word: ls gets two names, not one.
    sh.run("mkdir /tmp/pp; touch '/tmp/pp/a b' /tmp/pp/c")
    assert sh.run("sh -c 'ls \"$@\"' x '/tmp/pp/a b' /tmp/pp/c") == "/tmp/pp/a b\n/tmp/pp/c\n"
    # Quoted, the parameters are not patterns; unquoted, they are.
    assert sh.run("sh -c 'echo \"$@\" $2' x '/tmp/pp/*' '/tmp/pp/[c]'") == \
        "/tmp/pp/* /tmp/pp/[c] /tmp/pp/c\n"
    out, st = sh.status("sh -c 'shift 2' x a")
    assert "shift" in out and st == 1
    sh.run("rm -r /tmp/pp /tmp/p.sh")


def test_control_flow(sh):
    """if/elif/else with test, for over a glob, while and until, break
    and continue (with a count), a construct typed over several lines at
    the prompt ("> "), a script with loops, syntax errors with their line,
    and a loop stopped by Ctrl-C."""
    sh.run("mkdir /tmp/cf; touch /tmp/cf/a.txt /tmp/cf/b.txt /tmp/cf/c.log")
    assert sh.run("for f in /tmp/cf/*.txt; do echo got $f; done") == \
        "got /tmp/cf/a.txt\ngot /tmp/cf/b.txt\n"
    assert sh.run("for x in one 'two three'; do echo \"[$x]\"; done") == "[one]\n[two three]\n"
    for x, want in (("1", "one"), ("2", "two"), ("7", "many")):
        assert sh.run(f"x={x}; if [ $x -eq 1 ]; then echo one; elif test $x = 2; "
                      "then echo two; else echo many; fi") == want + "\n"
    assert sh.run("if [ -d /tmp/cf -a ! -f /tmp/cf ]; then echo dir; fi") == "dir\n"
    assert sh.run("if [ -s /tmp/cf/a.txt ] || [ -e /tmp/cf/zz ]; then echo y; else echo n; fi") \
        == "n\n"
    out, st = sh.status("[ 1 -lt x ]")
    assert "integer expected" in out and st == 2, out
    # A counter without arithmetic: a word that grows.
    assert sh.run("i=; while [ \"$i\" != xxx ]; do i=${i}x; echo $i; done") == "x\nxx\nxxx\n"
    assert sh.run("i=; until [ \"$i\" = xx ]; do i=${i}x; done; echo $i") == "xx\n"
    # And with arithmetic.
    assert sh.run("i=0; while [ $i -lt 3 ]; do echo i=$i; i=$((i + 1)); done") == \
        "i=0\ni=1\ni=2\n"
    assert sh.run("echo $(( (2 + 3) * 4 % 7 )) $((-7 / 2)) $((3 > 2 && 1 != 1))") == "6 -3 0\n"
    out, st = sh.status("echo $((1 / 0))")
    assert "division by zero" in out and st == 1, out
    assert sh.run("for a in 1 2 3; do for b in x y z; do if [ $b = y ]; then continue; fi; "
                  "if [ $a = 2 ]; then break 2; fi; echo $a$b; done; done") == "1x\n1z\n"
    assert sh.run("while true; do echo once; break; done; echo after") == "once\nafter\n"
    # Over several lines at the prompt.
    sh.g.sendline("for i in 1 2")
    sh.g.expect(r"^> ", timeout=10, what="the continuation prompt")
    sh.g.sendline("do echo n$i")
    sh.g.expect(r"^> ", timeout=10, what="the continuation prompt")
    sh.g.sendline("done")
    m = sh.g.expect(r"(?s)done\n(.*?)" + PROMPT, timeout=10, what="the loop's output")
    assert m.group(1) == "n1\nn2\n"
    # A script with loops, and one with an error on its line 2.
    for text in ("for a in x y; do", "  echo a=$a", "done", "n=", "while true", "do",
                 "  n=${n}x; if [ $n = xx ]; then break; fi", "done; echo n=$n"):
        sh.run(f"echo '{text}' >> /tmp/cf/s.sh")
    assert sh.run("sh /tmp/cf/s.sh") == "a=x\na=y\nn=xx\n"
    sh.run("echo 'echo ok' > /tmp/cf/bad.sh; echo 'fi' >> /tmp/cf/bad.sh")
    out, st = sh.status("sh /tmp/cf/bad.sh")
    assert "ok\n" in out and "bad.sh:2: syntax error near 'fi'" in out and st == 2, out
    out = sh.run("sh -c 'if true; then echo x'")
    assert "unexpected end of input" in out, out
    # Ctrl-C ends the sleep and the loop with it.
    sh.g.sendline("while true; do sleep 1; done")
    sh.g.expect(r"done$", what="the echo of the loop")
    sh.g.settle(1.5)
    sh.g.send("\x03")
    sh.g.expect(r"\^C\n" + PROMPT, timeout=10, what="the prompt after Ctrl-C of a loop")
    assert sh.run("echo $?") == "130\n"
    sh.run("rm -r /tmp/cf")


def test_ctrl_c_and_exit(sh):
    sh.g.sendline("sleep 100")
    sh.g.expect(r"sleep 100$", what="the echo of sleep 100")
    sh.g.settle(1.0)
    sh.g.send("\x03")
    sh.g.expect(r"\^C\n" + PROMPT, timeout=10, what="the prompt after Ctrl-C")
    assert sh.run("echo $?") == "130\n"
    # Ctrl-C at the prompt throws the line away and ends the shell's read
    # with EINTR: a fresh prompt, the shell stays.
    sh.g.send("echo gone\x03")
    sh.g.expect(r"echo gone\^C\n" + PROMPT, timeout=10, what="a new prompt after Ctrl-C")
    sh.g.sendline("echo alive")
    sh.g.expect(r"^alive\n" + PROMPT, timeout=10, what="the shell after Ctrl-C at the prompt")
    # exit: init starts another shell.
    sh.g.sendline("exit")
    sh.g.expect(PROMPT, timeout=30, what="a new shell after exit")
    sh.g.sendline("poweroff")
    assert sh.g.wait_exit(timeout=30) == 0
