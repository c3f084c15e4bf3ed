package io.statecraft.verticle.stream;

import static io.statecraft.verticle.stream.StreamTestSupport.CH;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecraft.codec.stream.proto.JoinPayload;
import io.statecraft.verticle.stream.StreamTestSupport.Member;
import io.statecraft.verticle.stream.StreamTestSupport.Node;
import io.statecraft.verticle.stream.StreamTestSupport.RawClient;
import io.statecraft.verticle.stream.StreamTestSupport.RawGrpc;
import io.statecraft.verticle.stream.StreamTestSupport.RawWs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Both transports over TLS with a self-signed certificate made here. */
@ExtendWith(VertxExtension.class)
class TlsStreamTest {
  static String keyPem;
  static String certPem;

  @BeforeAll
  static void makeCertificate() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    X500Name name = new X500Name("CN=localhost");
    long now = System.currentTimeMillis();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 60_000),
        new Date(now + 86_400_000L), name, kp.getPublic());
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    X509CertificateHolder cert = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
    certPem = pem(new PemObject("CERTIFICATE", cert.getEncoded()));
    keyPem = pem(new PemObject("PRIVATE KEY", kp.getPrivate().getEncoded()));
  }

  private static String pem(PemObject o) throws Exception {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    }
    return w.toString();
  }

  Node start(Vertx vertx) {
    StreamOptions o = StreamTestSupport.testOptions();
    o.tlsKeyPem = keyPem;
    o.tlsCertPem = certPem;
    Node n = new Node(vertx, o);
    n.fake.createChannel(CH, new Member(1).address);
    return n;
  }

  @Test
  void webSocketOverTls(Vertx vertx) {
    Node n = start(vertx);
    RawClient c = RawWs.connect(n, new WebSocketClientOptions().setSsl(true).setVerifyHost(false)
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(certPem))), true);
    assertThat(c.request(new Member(1).sign(b -> b.setJoin(JoinPayload.getDefaultInstance()))).hasSnapshot()).isTrue();
    c.close();
  }

  @Test
  void grpcOverTls(Vertx vertx) {
    Node n = start(vertx);
    RawClient c = RawGrpc.connect(n, certPem);
    assertThat(c.request(new Member(1).sign(b -> b.setJoin(JoinPayload.getDefaultInstance()))).hasSnapshot()).isTrue();
    c.close();
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateCannotConnect(Vertx vertx) {
    Node n = start(vertx);
    var client = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true));
    var f = client.connect(new io.vertx.core.http.WebSocketConnectOptions().setHost("127.0.0.1").setPort(n.port)
        .setURI("/stream/v1").setSsl(true));
    assertThat(f.toCompletionStage().toCompletableFuture()).failsWithin(java.time.Duration.ofSeconds(10));
    client.close();
  }
}
