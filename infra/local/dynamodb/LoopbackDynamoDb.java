import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Starts DynamoDB Local listening on 127.0.0.1 only, on a port the system picks (its own launcher
 * listens on every interface and wants a fixed port). Takes DynamoDB Local's usual arguments (give
 * any valid -port: it is replaced) and prints "sluice-dynamodb-ready PORT" once it accepts requests.
 */
public final class LoopbackDynamoDb {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    if (proxy == null) System.exit(2); // bad arguments: DynamoDB Local has printed why
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      ((ServerConnector) connector).setHost("127.0.0.1");
      ((ServerConnector) connector).setPort(0);
    }
    proxy.start();
    System.out.println("sluice-dynamodb-ready " + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    System.out.flush();
    proxy.join();
  }
}
