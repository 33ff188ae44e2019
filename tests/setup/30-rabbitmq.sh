# Sourced by tests/run.sh: a private RabbitMQ node for the events tests (Debian's rabbitmq-server, its
# own ports, data directory and epmd). Exports NOTIFY_TEST_RABBITMQ (amqp URI) and
# NOTIFY_TEST_RABBITMQ_DIR (so the restart test can stop and start this very node).
if ! [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  echo "installing rabbitmq-server"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server > /dev/null
fi

# Its own directory under /tmp: NOTIFY_TEST_ROOT is private to root, and the node runs as rabbitmq.
rabbitmq_dir=$(mktemp -d /tmp/orleansnotify-rabbitmq.XXXXXX)
rabbitmq_node="$root/tests/OrleansNotify.Events.Tests/Support/rabbitmq-node.sh"
cleanups+=("'$rabbitmq_node' shutdown '$rabbitmq_dir' && rm -rf '$rabbitmq_dir'")
NOTIFY_TEST_RABBITMQ=$("$rabbitmq_node" start "$rabbitmq_dir")
export NOTIFY_TEST_RABBITMQ NOTIFY_TEST_RABBITMQ_DIR="$rabbitmq_dir"
echo "RabbitMQ at $NOTIFY_TEST_RABBITMQ"
