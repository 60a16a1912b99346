// Command fake-provisioner gives the local control plane dynamic volume provisioning: for every
// pending PersistentVolumeClaim of its StorageClass it creates a hostPath PersistentVolume of the
// requested size, binds the claim to it, and deletes released volumes whose policy says Delete.
// The directory lives on this machine, where the real node mounts it; kwok's pods never mount anything.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/util/workqueue"
)

const provisionedByAnnotation = "pv.kubernetes.io/provisioned-by"

func main() {
	kubeconfig := flag.String("kubeconfig", os.Getenv("KUBECONFIG"), "kubeconfig of the cluster")
	provisioner := flag.String("provisioner", "sqlmi.io/fake-hostpath", "provisioner name of the StorageClass served")
	root := flag.String("root", "/tmp/sqlmi-fake-volumes", "hostPath root recorded in the volumes")
	flag.Parse()

	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		log.Fatalf("kubeconfig: %v", err)
	}
	cfg.QPS, cfg.Burst = 200, 400 // three writes per claim (volume, claim, its status)
	client := kubernetes.NewForConfigOrDie(cfg)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	p := &volumeProvisioner{client: client, name: *provisioner, root: *root,
		queue: workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]())}
	factory := informers.NewSharedInformerFactory(client, 10*time.Minute)
	p.claims = factory.Core().V1().PersistentVolumeClaims().Lister()
	p.classes = factory.Storage().V1().StorageClasses().Lister()
	enqueue := func(obj interface{}) {
		if key, err := cache.MetaNamespaceKeyFunc(obj); err == nil {
			p.queue.Add("pvc/" + key)
		}
	}
	factory.Core().V1().PersistentVolumeClaims().Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: enqueue, UpdateFunc: func(_, obj interface{}) { enqueue(obj) },
	})
	factory.Core().V1().PersistentVolumes().Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj interface{}) { p.queue.Add("pv/" + obj.(*corev1.PersistentVolume).Name) },
		UpdateFunc: func(_, obj interface{}) { p.queue.Add("pv/" + obj.(*corev1.PersistentVolume).Name) },
	})
	p.volumes = factory.Core().V1().PersistentVolumes().Lister()
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())
	log.Printf("serving StorageClasses with provisioner %s", p.name)
	go func() { <-ctx.Done(); p.queue.ShutDown() }()
	// Several workers: each claim costs a few requests, and a benchmark creates a hundred claims at once. The
	// queue never hands the same key to two workers.
	var workers sync.WaitGroup
	for i := 0; i < 8; i++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for p.next(ctx) {
			}
		}()
	}
	workers.Wait()
}
