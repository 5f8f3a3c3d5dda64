#!/bin/sh
# Starts the service named by $SERVICE with its jar and libraries; exec so SIGTERM reaches the JVM.
set -eu
case "$SERVICE" in
  user-command-service) main=io.chatengine.users.Main ;;
  presence-stream) main=io.chatengine.presence.Main ;;
  delivery-gateway) main=io.chatengine.gateway.Main ;;
  query-api) main=io.chatengine.query.Main ;;
  *) echo "SERVICE must be one of user-command-service, presence-stream, delivery-gateway, query-api; got '$SERVICE'" >&2; exit 2 ;;
esac
exec java $JAVA_OPTS -cp "/app/$SERVICE/*:/app/$SERVICE/lib/*" "$main"
