# Workload for the Ruby language tools (test/live/lang_ruby.sh): waits for
# a line on stdin, then makes CALLS calls of Work#target (each from outer
# through inner, for the flow) and GCS GC.start calls; prints "done" and
# waits for a second line.
class Work
  def target(i)
    i
  end

  def inner(i)
    target(i)
  end

  def outer(i)
    inner(i)
  end
end

calls = Integer(ARGV[0])
gcs = Integer(ARGV[1])
work = Work.new
# Ruby 2.5 and later fire method__entry and __return only while a
# TracePoint is on (ruby bug #14582); C methods' probes fire regardless.
TracePoint.new(:call, :return) {}.enable
$stdout.sync = true
puts "ready"
$stdin.gets
calls.times { |i| work.outer(i) }
gcs.times { GC.start }
puts "done"
$stdin.gets
