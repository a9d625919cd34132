export { ClusterModule } from './cluster.module';
export { Cluster } from './cluster';
export { ClusterStreamSlots } from './cluster-stream-slots.service';
