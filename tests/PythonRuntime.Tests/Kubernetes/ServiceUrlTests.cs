using k8s.Models;
using PythonRuntime.Diagnostics;
using PythonRuntime.Kubernetes;

namespace PythonRuntime.Tests.Kubernetes;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ServiceUrlTests
{
    [Test]
    public void A_ready_nodes_external_address_wins_and_ipv6_is_bracketed()
    {
        var nodes = new List<V1Node>
        {
            Node("a", ready: false, ("ExternalIP", "198.51.100.1")),
            Node("b", ready: true, ("InternalIP", "10.0.0.2"), ("ExternalIP", "2001:db8::7")),
        };

        Assert.That(ServiceUrl.Of(Service("NodePort", nodePort: 30001), nodes), Is.EqualTo("http://[2001:db8::7]:30001"));
    }

    [Test]
    public void An_internal_address_is_used_when_no_node_has_an_external_one()
    {
        var nodes = new List<V1Node> { Node("b", ready: true, ("InternalIP", "10.0.0.2")), Node("a", ready: true, ("InternalIP", "10.0.0.1")) };

        Assert.That(ServiceUrl.Of(Service("NodePort", nodePort: 30002), nodes), Is.EqualTo("http://10.0.0.1:30002"), "ties go by node name");
    }

    [Test]
    public void A_node_port_service_without_node_addresses_says_to_pass_a_url()
    {
        var error = Assert.Throws<PythonRuntimeException>(() => ServiceUrl.Of(Service("NodePort", nodePort: 30003), []));

        Assert.That(error!.Message, Does.Contain("--url"));
    }

    [Test]
    public void A_load_balancer_has_no_url_until_an_ingress_is_assigned_and_then_uses_its_hostname()
    {
        var service = Service("LoadBalancer", nodePort: 30004);
        Assert.That(ServiceUrl.Of(service, []), Is.Null);

        service.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Hostname = "lb.example.com" }] } };
        Assert.That(ServiceUrl.Of(service, []), Is.EqualTo("http://lb.example.com:80"));
    }

    [Test]
    public void An_external_name_service_is_refused()
    {
        var error = Assert.Throws<PythonRuntimeException>(() => ServiceUrl.Of(Service("ExternalName"), []));

        Assert.That(error!.Message, Does.Contain("'ExternalName'").And.Contain("ClusterIP, NodePort or LoadBalancer"));
    }

    private static V1Service Service(string type, int? nodePort = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "api", NamespaceProperty = "demo" },
        Spec = new V1ServiceSpec { Type = type, Ports = [new V1ServicePort { Port = 80, NodePort = nodePort }] },
    };

    private static V1Node Node(string name, bool ready, params (string Type, string Address)[] addresses) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Status = new V1NodeStatus
        {
            Addresses = [.. addresses.Select(a => new V1NodeAddress { Type = a.Type, Address = a.Address })],
            Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        },
    };
}
