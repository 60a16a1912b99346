package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	storagelisters "k8s.io/client-go/listers/storage/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"
	"k8s.io/client-go/util/workqueue"
)

type volumeProvisioner struct {
	client  kubernetes.Interface
	name    string
	root    string
	queue   workqueue.TypedRateLimitingInterface[string]
	claims  corelisters.PersistentVolumeClaimLister
	volumes corelisters.PersistentVolumeLister
	classes storagelisters.StorageClassLister
}

func (p *volumeProvisioner) next(ctx context.Context) bool {
	key, quit := p.queue.Get()
	if quit {
		return false
	}
	defer p.queue.Done(key)
	var err error
	switch {
	case strings.HasPrefix(key, "pvc/"):
		err = p.provision(ctx, strings.TrimPrefix(key, "pvc/"))
	case strings.HasPrefix(key, "pv/"):
		err = p.reclaim(ctx, strings.TrimPrefix(key, "pv/"))
	}
	if err != nil {
		log.Printf("%s: %v (retrying)", key, err)
		p.queue.AddRateLimited(key)
		return true
	}
	p.queue.Forget(key)
	return true
}

func (p *volumeProvisioner) provision(ctx context.Context, key string) error {
	ns, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil
	}
	claim, err := p.claims.PersistentVolumeClaims(ns).Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	if claim.Spec.VolumeName != "" || claim.Status.Phase != corev1.ClaimPending || claim.DeletionTimestamp != nil {
		return nil
	}
	if claim.Spec.StorageClassName == nil {
		return nil
	}
	class, err := p.classes.Get(*claim.Spec.StorageClassName)
	if apierrors.IsNotFound(err) || (err == nil && class.Provisioner != p.name) {
		return nil
	} else if err != nil {
		return err
	}
	pvName := "pvc-" + string(claim.UID)
	reclaim := corev1.PersistentVolumeReclaimDelete
	if class.ReclaimPolicy != nil {
		reclaim = *class.ReclaimPolicy
	}
	request := claim.Spec.Resources.Requests[corev1.ResourceStorage]
	hostPathType := corev1.HostPathDirectoryOrCreate
	volume := &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{
			Name:        pvName,
			Annotations: map[string]string{provisionedByAnnotation: p.name},
		},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: request},
			AccessModes:                   claim.Spec.AccessModes,
			PersistentVolumeReclaimPolicy: reclaim,
			StorageClassName:              class.Name,
			VolumeMode:                    claim.Spec.VolumeMode,
			ClaimRef: &corev1.ObjectReference{
				Kind: "PersistentVolumeClaim", APIVersion: "v1",
				Namespace: claim.Namespace, Name: claim.Name, UID: claim.UID,
			},
			PersistentVolumeSource: corev1.PersistentVolumeSource{
				HostPath: &corev1.HostPathVolumeSource{Path: filepath.Join(p.root, pvName), Type: &hostPathType},
			},
		},
	}
	// The real node mounts the directory into pods whose user is not root, and fsGroup does not apply to
	// hostPath volumes: like local-path-provisioner, hand out a directory anyone may write.
	dir := volume.Spec.HostPath.Path
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return fmt.Errorf("creating the volume directory: %w", err)
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		return fmt.Errorf("opening the volume directory: %w", err)
	}
	_, err = p.client.CoreV1().PersistentVolumes().Create(ctx, volume, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	if err == nil {
		log.Printf("provisioned %s (%s) for %s", pvName, request.String(), key)
	}
	return p.bind(ctx, claim, volume)
}

// bind completes the binding of a claim to the volume provisioned for it, as kube-controller-manager's volume
// binder would: the binder handles one claim at a time (about 4 a second on this machine), so 100 claims at once
// kept pods unschedulable ("unbound immediate PersistentVolumeClaims") for up to 20 s. The binder still runs; it
// finds the pair bound and only marks the volume Bound.
func (p *volumeProvisioner) bind(ctx context.Context, claim *corev1.PersistentVolumeClaim, volume *corev1.PersistentVolume) error {
	claims := p.client.CoreV1().PersistentVolumeClaims(claim.Namespace)
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		if claim.Spec.VolumeName != "" {
			return nil // the binder got there first
		}
		bound := claim.DeepCopy()
		bound.Spec.VolumeName = volume.Name
		if bound.Annotations == nil {
			bound.Annotations = map[string]string{}
		}
		bound.Annotations["pv.kubernetes.io/bind-completed"] = "yes"
		bound.Annotations["pv.kubernetes.io/bound-by-controller"] = "yes"
		updated, err := claims.Update(ctx, bound, metav1.UpdateOptions{})
		if apierrors.IsConflict(err) {
			if fresh, getErr := claims.Get(ctx, claim.Name, metav1.GetOptions{}); getErr == nil {
				claim = fresh
			}
			return err
		} else if err != nil {
			return err
		}
		updated.Status.Phase = corev1.ClaimBound
		updated.Status.AccessModes = volume.Spec.AccessModes
		updated.Status.Capacity = volume.Spec.Capacity
		_, err = claims.UpdateStatus(ctx, updated, metav1.UpdateOptions{})
		if apierrors.IsConflict(err) {
			return nil // the binder wrote the status meanwhile
		}
		return err
	})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("binding the claim: %w", err)
	}
	return nil
}

func (p *volumeProvisioner) reclaim(ctx context.Context, name string) error {
	volume, err := p.volumes.Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	if volume.Annotations[provisionedByAnnotation] != p.name || volume.Status.Phase != corev1.VolumeReleased ||
		volume.Spec.PersistentVolumeReclaimPolicy != corev1.PersistentVolumeReclaimDelete {
		return nil
	}
	err = p.client.CoreV1().PersistentVolumes().Delete(ctx, name, metav1.DeleteOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("deleting released volume: %w", err)
	}
	if volume.Spec.HostPath != nil && filepath.Dir(volume.Spec.HostPath.Path) == filepath.Clean(p.root) {
		if err := os.RemoveAll(volume.Spec.HostPath.Path); err != nil {
			log.Printf("could not remove %s: %v", volume.Spec.HostPath.Path, err)
		}
	}
	log.Printf("deleted released volume %s", name)
	return nil
}
