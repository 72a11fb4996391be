<?php
// Workload for the PHP language tools (test/live/lang_php.sh), run with
// USE_ZEND_DTRACE=1 (PHP fires its probes only then): waits for a line on
// stdin, then makes CALLS calls of Work::target (each from outer through
// inner, for the flow) and of the function lw_target; prints "done" and
// waits for a second line.
class Work
{
    public function target($i) { return $i; }
    public function inner($i) { return $this->target($i); }
    public function outer($i) { return $this->inner($i); }
}

function lw_target($i) { return $i; }

$calls = (int)$argv[1];
$work = new Work();
echo "ready\n";
fgets(STDIN);
for ($i = 0; $i < $calls; $i++) {
    $work->outer($i);
    lw_target($i);
}
echo "done\n";
fgets(STDIN);
